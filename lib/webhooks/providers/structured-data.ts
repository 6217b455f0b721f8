// What a provider's analysis extracted (Vapi structuredData, Retell custom_analysis_data) is shaped
// by the customer's own schema: usually an object, but a string, number or array is valid too. A
// report is never refused for it (the provider would retry and the call be lost): an object is kept
// as is, anything else is wrapped as { value }, nothing stays null. call_logs.structured_data holds objects.
export function asStructuredData(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return { value };
}
