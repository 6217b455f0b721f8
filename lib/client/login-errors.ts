// What the sign-in form says for each way signInWithPassword can fail. Keyed on the fields
// supabase-js errors carry (name, status, code) so it works without importing the SDK here.

export interface AuthErrorLike {
  name?: string;
  status?: number;
  code?: string;
  message?: string;
}

export function loginErrorMessage(error: AuthErrorLike): string {
  const { name, status, code } = error;
  if (status === 429 || code === 'over_request_rate_limit' || code === 'over_email_send_rate_limit') {
    return 'Too many sign-in attempts. Wait a minute, then try again.';
  }
  if (name === 'AuthRetryableFetchError' || status === 0 || (status !== undefined && status >= 500)) {
    return "Can't reach the sign-in service. Check your connection and try again.";
  }
  if (code === 'invalid_credentials' || (status === 400 && (code === undefined || code === 'invalid_grant'))) {
    return 'Wrong email or password.';
  }
  if (code === 'email_not_confirmed') return 'Confirm your email address first, then sign in.';
  if (code === 'user_banned') return 'This account is disabled. Ask your administrator.';
  if (code === 'validation_failed') return 'Enter a valid email address and password.';
  return error.message || 'Sign-in failed. Try again.';
}
