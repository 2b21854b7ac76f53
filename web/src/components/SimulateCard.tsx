import { Alert, Button, Card, Form, Input, Select, Table } from 'antd';
import { useState } from 'react';
import { request } from '../api/client';
import { useReference } from '../api/reference';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { errorText, invalidJsonText } from './errors';

interface SimulatedStep {
  type: string;
  actor: string;
  ok: boolean;
  fromState: string;
  toState: string;
  error?: {
    code: string;
    message: string;
    details?: Array<{ path: string; message: string; messages?: { vi: string; en: string } }>;
  };
}

interface SimulationResult {
  ok: boolean;
  steps: SimulatedStep[];
  finalState: string | null;
  finalStatus: string | null;
  error?: { code: string; message: string };
}

const EXAMPLE_STEPS = `[
  { "actor": "mttq.an-binh", "type": "SUBMIT", "data": {} },
  { "actor": "dangu.an-binh", "type": "RETURN", "comment": "Bổ sung" }
]`;

/**
 * Runs steps (who sends which event with what data) through the document being edited, writing
 * nothing: the admin sees where each step leads, or why it is refused, before publishing.
 */
export function SimulateCard({ document }: { document: () => Record<string, unknown> | null }) {
  const { t, pick, language } = useI18n();
  const { units } = useReference();
  const { user } = useAuth();
  const [unitId, setUnitId] = useState<string | undefined>(
    () => units.find((unit) => unit.slug === 'an-binh.mttq')?.id ?? user?.orgUnitId,
  );
  const [steps, setSteps] = useState(EXAMPLE_STEPS);
  const [result, setResult] = useState<SimulationResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setFailure(null);
    setResult(null);
    const definition = document();
    if (!definition) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(steps);
    } catch (error) {
      setFailure(invalidJsonText(error, t));
      return;
    }
    setBusy(true);
    try {
      const { body } = await request<SimulationResult>('/api/definitions/simulate', {
        method: 'POST',
        body: { definition, orgUnitId: unitId, steps: parsed },
      });
      setResult(body);
    } catch (error) {
      setFailure(errorText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={<h2 className="card-heading">{t('admin.simulate')}</h2>} size="small">
      <Form layout="vertical" component="div">
        <Form.Item label={t('simulate.unit')} htmlFor="simulate-unit">
          <Select
            id="simulate-unit"
            value={unitId}
            onChange={setUnitId}
            showSearch={{ optionFilterProp: 'label' }}
            options={units.map((unit) => ({ value: unit.id, label: pick(unit.name, unit.nameEn) }))}
          />
        </Form.Item>
        <Form.Item label={t('simulate.steps')} htmlFor="simulate-steps" extra={t('simulate.help')}>
          <Input.TextArea
            id="simulate-steps"
            className="json-editor"
            value={steps}
            onChange={(event) => setSteps(event.target.value)}
            autoSize={{ minRows: 4, maxRows: 16 }}
            spellCheck={false}
          />
        </Form.Item>
      </Form>
      <Button onClick={() => void run()} loading={busy}>
        {t('admin.simulate')}
      </Button>
      <div aria-live="polite" style={{ marginTop: 12 }}>
        {failure && <Alert type="error" showIcon role="alert" title={failure} />}
        {result?.error && <Alert type="error" showIcon title={result.error.message} />}
        {result && (
          <Table<SimulatedStep>
            size="small"
            pagination={false}
            rowKey={(_, index) => String(index)}
            dataSource={result.steps}
            scroll={{ x: 560 }}
            footer={() =>
              t('simulate.final', {
                state: result.finalState ?? '—',
                status: result.finalStatus ?? '—',
              })
            }
            columns={[
              { title: t('audit.col.actor'), dataIndex: 'actor', key: 'actor' },
              { title: t('audit.col.event'), dataIndex: 'type', key: 'type' },
              {
                title: t('simulate.move'),
                key: 'move',
                render: (_, step) => `${step.fromState} → ${step.toState}`,
              },
              {
                title: t('simulate.outcome'),
                key: 'outcome',
                render: (_, step) =>
                  step.ok
                    ? t('simulate.ok')
                    : [
                        step.error?.message,
                        ...(step.error?.details ?? []).map(
                          (d) => `${d.path}: ${d.messages?.[language] ?? d.message}`,
                        ),
                      ]
                        .filter(Boolean)
                        .join('; '),
              },
            ]}
          />
        )}
      </div>
    </Card>
  );
}
