ALTER TABLE inference.executions ADD COLUMN usage jsonb;
