import { IsOptional as SkipWhenNullish, ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * The field may be left out. Unlike class-validator's `IsOptional`, `null` is not "left out": it is
 * validated like any other value and fails the field's rules (400), instead of reaching a service
 * that expects a string or an array and answering 500.
 */
export function IsOptional(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}

/** The field may be left out or `null` (meaning "none", e.g. a unit with no parent). */
export function IsNullable(options?: ValidationOptions): PropertyDecorator {
  return SkipWhenNullish(options);
}
