export const time = (iso?: string) => (iso ? new Date(iso).toLocaleTimeString() : '—');
export const dateTime = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '—');

export function millisBetween(from?: string, to?: string): number | undefined {
  return from && to ? new Date(to).getTime() - new Date(from).getTime() : undefined;
}

export const ms = (value?: number) =>
  value === undefined ? '—' : value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;

export const pretty = (value: unknown) => JSON.stringify(value, null, 2);
