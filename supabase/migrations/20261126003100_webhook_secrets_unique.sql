-- A signing secret belongs to exactly one org: the org of a delivery is the owner of the secret
-- that verifies it, so two orgs sharing a secret would make that owner ambiguous.
create unique index webhook_secrets_secret_key on public.webhook_secrets (secret);
