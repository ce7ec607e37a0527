// Shown when the collector answers 401: the token is the one given to `canvas collector --token`.
import { useState } from 'react';

export function Login({ onLogin }: { onLogin: (token: string) => Promise<boolean> }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    const ok = await onLogin(token);
    setBusy(false);
    if (!ok) setError('The collector refused this token.');
  };
  return (
    <div className="overlay-state">
      <form className="card login" onSubmit={submit}>
        <h2>Login</h2>
        <p>This collector needs a token (the one it was started with: <code>canvas collector --token …</code>).</p>
        <input type="password" value={token} onChange={(e) => setToken(e.target.value)} placeholder="token" aria-label="token" autoFocus />
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Log in'}
        </button>
        {error && <p className="error">{error}</p>}
      </form>
    </div>
  );
}
