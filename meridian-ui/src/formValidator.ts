import type { ErrorSchema, RJSFSchema, ValidatorType } from '@rjsf/utils';

// The form's validator. AJV compiles schemas with `new Function`, which the server's
// Content-Security-Policy forbids (no 'unsafe-eval'), so the form checks only what it needs to pick
// a `oneOf` branch and to flag a missing required field; the server validates every rule against
// the same OM schema on save and its 400 is shown next to the field it names.

type Json = unknown;

function typeOf(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matches(schema: RJSFSchema | boolean | undefined, value: Json, depth = 0): boolean {
  if (schema === undefined || schema === true || depth > 20) return true;
  if (schema === false) return false;
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) return false;
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return false;
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = typeOf(value);
    if (!types.some((t) => t === actual || (t === 'number' && actual === 'integer'))) return false;
  }
  if (schema.allOf && !schema.allOf.every((s) => matches(s as RJSFSchema, value, depth + 1))) return false;
  if (schema.anyOf && !schema.anyOf.some((s) => matches(s as RJSFSchema, value, depth + 1))) return false;
  if (schema.oneOf && !schema.oneOf.some((s) => matches(s as RJSFSchema, value, depth + 1))) return false;
  if (typeOf(value) === 'object') {
    const object = value as Record<string, Json>;
    for (const name of schema.required ?? []) if (!(name in object)) return false;
    const properties = (schema.properties ?? {}) as Record<string, RJSFSchema>;
    for (const [name, v] of Object.entries(object)) {
      if (properties[name]) {
        if (!matches(properties[name], v, depth + 1)) return false;
      } else if (schema.additionalProperties === false) {
        return false;
      }
    }
  }
  return true;
}

/** Required fields left empty, as rjsf's error schema (the one check made before the server's). */
function missing(schema: RJSFSchema, value: Json, path: string[] = []): { errors: { property: string; message: string; stack: string }[]; errorSchema: ErrorSchema } {
  const errors: { property: string; message: string; stack: string }[] = [];
  const errorSchema: Record<string, unknown> = {};
  if (typeOf(value) === 'object' && schema.properties) {
    const object = value as Record<string, Json>;
    for (const name of schema.required ?? []) {
      const v = object[name];
      if (v === undefined || v === '') {
        const property = '.' + [...path, name].join('.');
        errors.push({ property, message: 'is a required property', stack: `${property} is a required property` });
        errorSchema[name] = { __errors: ['is a required property'] };
      }
    }
    for (const [name, sub] of Object.entries(schema.properties as Record<string, RJSFSchema>)) {
      if (object[name] !== undefined && sub && typeof sub === 'object' && sub.properties) {
        const inner = missing(sub, object[name], [...path, name]);
        errors.push(...inner.errors);
        if (inner.errors.length) errorSchema[name] = inner.errorSchema;
      }
    }
  }
  return { errors, errorSchema: errorSchema as ErrorSchema };
}

export const formValidator: ValidatorType = {
  validateFormData: (formData, schema) => missing(schema, formData),
  isValid: (schema, formData) => matches(schema, formData),
  rawValidation: () => ({ errors: [] }),
};
