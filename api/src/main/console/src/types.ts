export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'expired';

export interface Job {
  id: string;
  status: JobStatus;
  model: string;
  routed_model?: string;
  model_version?: string;
  priority: string;
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
  error?: { type: string; message: string };
  metadata: Record<string, string>;
  routing_reason?: string;
  attempt: number;
  created_at: string;
  started_at?: string;
  finished_at?: string;
  expires_at?: string;
  deadline?: string;
  webhook?: string;
}

export interface JobList {
  data: Job[];
  next_cursor?: string;
  has_more?: boolean;
}

export interface DeliveryAttempt {
  attempt: number;
  attempted_at: string;
  status_code?: number;
  latency_ms: number;
  error?: string;
}

export interface Delivery {
  id: string;
  url: string;
  event_type: string;
  status: string;
  created_at: string;
  next_attempt_at?: string;
  attempts: DeliveryAttempt[];
}

export interface KeyInfo {
  id: string;
  name?: string;
  prefix: string;
  scopes: string[];
  created_at: string;
  expires_at?: string;
  revoked_at?: string;
}

export const FINAL: JobStatus[] = ['succeeded', 'failed', 'canceled', 'expired'];
export const STATUSES: JobStatus[] = ['queued', 'running', ...FINAL];
