import Form from '@rjsf/antd';
import { type ErrorSchema, type RegistryWidgetsType } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { type ReactNode, useMemo } from 'react';
import { type JsonSchema } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { localizeSchema } from './localize-schema';
import { rjsfTranslator } from './rjsf-strings';
import { OrgUnitWidget, VietnameseDateWidget } from './widgets';

const WIDGETS: RegistryWidgetsType = {
  DateWidget: VietnameseDateWidget,
  orgUnit: OrgUnitWidget,
};

// antd theme options: labels and section titles left-aligned, without colons.
const FORM_CONTEXT = { descriptionLocation: 'below', labelAlign: 'left', colon: false };

export type FormData = Record<string, unknown>;

export interface SchemaFormProps {
  /** The form's JSON Schema exactly as the server sent it. */
  schema: JsonSchema;
  formData: FormData;
  /**
   * `byUser`: a field changed (typed, picked, row added); false when the form only filled in its
   * defaults, which is not work to save.
   */
  onChange: (data: FormData, byUser: boolean) => void;
  onSubmit: (data: FormData) => void;
  /** The server's field errors (from a 422), shown at their fields. */
  extraErrors?: ErrorSchema;
  idPrefix: string;
  disabled?: boolean;
  /** Rendered inside the form in place of rjsf's submit button (comment box, action button). */
  children: ReactNode;
}

/**
 * A step's form rendered from its JSON Schema. The server validates (with bilingual messages), so
 * the browser does not: its errors come back as `extraErrors` and show at their fields.
 */
export function SchemaForm(props: SchemaFormProps) {
  const { language } = useI18n();
  const { schema, uiSchema } = useMemo(
    () => localizeSchema(props.schema, language),
    [props.schema, language],
  );
  const translateString = useMemo(() => rjsfTranslator(language), [language]);
  return (
    // Enter in a field (a date being typed, a short text) must not send the whole form: only the
    // action's button does. Handled as the key bubbles up, after the field (a date picker
    // confirming its value) has seen it.
    <div
      onKeyDown={(event) => {
        const target = event.target as HTMLElement;
        if (event.key === 'Enter' && target.tagName === 'INPUT') event.preventDefault();
      }}
    >
      <Form
        schema={schema}
        uiSchema={{ ...uiSchema, 'ui:submitButtonOptions': { norender: true } }}
        formData={props.formData}
        validator={validator}
        widgets={WIDGETS}
        idPrefix={props.idPrefix}
        noValidate
        noHtml5Validate
        showErrorList={false}
        extraErrors={props.extraErrors}
        disabled={props.disabled}
        translateString={translateString}
        formContext={FORM_CONTEXT}
        experimental_defaultFormStateBehavior={{ arrayMinItems: { populate: 'requiredOnly' } }}
        onChange={(event, id) =>
          props.onChange((event.formData ?? {}) as FormData, id !== undefined)
        }
        onSubmit={(event) => props.onSubmit((event.formData ?? {}) as FormData)}
      >
        {props.children}
      </Form>
    </div>
  );
}
