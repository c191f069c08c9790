/** Small TypeBox building blocks shared by the config schemas. */
import { TLiteral, TUnion, Type } from '@sinclair/typebox';

/** A union of string literals (a JSON Schema enum). */
export function oneOf<T extends string>(values: readonly T[], description: string): TUnion<TLiteral<T>[]> {
  return Type.Union(values.map((v) => Type.Literal(v)), { description });
}

export const PositiveInt = (description: string) => Type.Integer({ minimum: 1, description });
export const NonNegativeInt = (description: string) => Type.Integer({ minimum: 0, description });
export const Positive = (description: string) => Type.Number({ exclusiveMinimum: 0, description });
export const NonNegative = (description: string) => Type.Number({ minimum: 0, description });
/** In the open interval (0, 1). */
export const Fraction = (description: string) => Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description });
