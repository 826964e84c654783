-- The model routing chose for a job (the caller may have asked for an alias): workers resolve the backend from it.
ALTER TABLE api.jobs ADD COLUMN routed_model text;
UPDATE api.jobs SET routed_model = model WHERE routed_model IS NULL;
