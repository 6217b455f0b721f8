import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import { GeistSans } from 'geist/font/sans';
import { GeistMono } from 'geist/font/mono';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Call dashboard', template: '%s · Call dashboard' },
  description: 'Inbound and outbound calls of your organization',
};

export const viewport: Viewport = {
  themeColor: '#f8fafc',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Pages carry a per-request CSP nonce (proxy.ts), so they are rendered per request, never prerendered.
  await connection();
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
