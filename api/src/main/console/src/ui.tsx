import type { ComponentChildren } from 'preact';
import { ApiError } from './api';

export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiError
    ? `${error.status}: ${error.message}${error.fields.map((f) => ` · ${f.field}: ${f.reason}`).join('')}`
      + (error.retryAfter ? ` (retry after ${error.retryAfter} s)` : '')
    : String(error instanceof Error ? error.message : error);
  return <p class="error" role="alert">{message}</p>;
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge ${status}`}>{status}</span>;
}
