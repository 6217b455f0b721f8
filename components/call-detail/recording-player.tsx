'use client';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type RefObject } from 'react';
import { ApiError } from '@/lib/client/api-error';
import { recordingUrlQuery } from '@/lib/client/queries';
import { Button } from '../ui/button';
import { AlertTriangle, Refresh } from '../ui/icons';
import { Skeleton } from '../ui/skeleton';

/** Renew the URL this long before it expires when playback (re)starts. */
const EXPIRY_MARGIN_MS = 10_000;
/** Automatic URL renewals after playback errors before we stop and show a button. */
const MAX_AUTO_RENEWALS = 2;

/**
 * Native <audio> fed by a short-lived signed URL. When the URL has expired (on play) or the media
 * fails (an expired URL answers 400/403 to a Range request when seeking), it asks for a new one and
 * resumes where the listener was.
 */
export function RecordingPlayer({
  orgId,
  callId,
  audioRef,
  onTime,
  onPlayingChange,
  onReady,
}: {
  orgId: string;
  callId: string;
  audioRef: RefObject<HTMLAudioElement | null>;
  onTime(seconds: number): void;
  onPlayingChange(playing: boolean): void;
  /** Metadata loaded (first time, or after a URL renewal that had nothing to resume). */
  onReady?(audio: HTMLAudioElement): void;
}) {
  const url = useQuery(recordingUrlQuery(orgId, callId));
  const resume = useRef<{ time: number; play: boolean } | null>(null);
  const renewals = useRef(0);
  const [mediaFailed, setMediaFailed] = useState(false);

  const applyResume = (audio: HTMLAudioElement | null) => {
    const pending = resume.current;
    if (!audio || !pending) return;
    resume.current = null;
    audio.currentTime = pending.time;
    if (pending.play) audio.play().catch(() => undefined);
  };

  const renew = (play: boolean) => {
    const audio = audioRef.current;
    resume.current = { time: audio?.currentTime ?? 0, play: play || resume.current?.play === true };
    setMediaFailed(false);
    // One renewal at a time: refetch() would cancel the one in flight and issue (and log) another URL.
    if (url.isFetching) return;
    const previous = url.data?.url;
    void url.refetch({ cancelRefetch: false }).then((result) => {
      // Same URL back: the element will not reload, so no loadedmetadata comes to resume on.
      if (result.data && result.data.url === previous) applyResume(audioRef.current);
    });
  };

  /**
   * Whether the URL is (nearly) expired. Measured from when this browser received it plus the
   * server's `expiresIn`, not against `expiresAt`: a client clock that is minutes off would
   * otherwise make every URL look expired and renew forever.
   */
  const nearlyExpired = () => {
    if (!url.data) return false;
    const expires = url.dataUpdatedAt + url.data.expiresIn * 1000;
    return Number.isFinite(expires) && expires - Date.now() < EXPIRY_MARGIN_MS;
  };

  if (url.isPending) {
    return (
      <div className="space-y-2" data-testid="audio-loading">
        <Skeleton className="h-12 w-full rounded-full" />
        <span className="sr-only" role="status">
          Loading recording…
        </span>
      </div>
    );
  }

  if (url.isError && !url.data) {
    const notStored = url.error instanceof ApiError && url.error.status === 404;
    return (
      <div role="alert" className="flex flex-wrap items-center gap-3 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="audio-error">
        <AlertTriangle className="size-4 shrink-0" />
        <span className="flex-1">{notStored ? 'The recording is not available.' : `Could not load the recording. ${url.error instanceof ApiError ? url.error.message : ''}`}</span>
        {!notStored && (
          <Button size="sm" onClick={() => void url.refetch()}>
            <Refresh className="size-4" />
            Retry
          </Button>
        )}
      </div>
    );
  }

  return (
    <div className="space-y-2">
      <audio
        ref={audioRef}
        controls
        preload="metadata"
        src={url.data?.url}
        data-testid="audio-player"
        aria-label="Call recording"
        className="h-12 w-full"
        onTimeUpdate={(e) => onTime(e.currentTarget.currentTime)}
        onSeeked={(e) => onTime(e.currentTarget.currentTime)}
        onPlay={(e) => {
          if (nearlyExpired()) {
            e.currentTarget.pause();
            renew(true);
            return;
          }
          onPlayingChange(true);
        }}
        onPlaying={() => {
          renewals.current = 0;
        }}
        onPause={() => onPlayingChange(false)}
        onEnded={() => onPlayingChange(false)}
        onLoadedMetadata={(e) => {
          if (resume.current) applyResume(e.currentTarget);
          else onReady?.(e.currentTarget);
        }}
        onError={(e) => {
          const audio = e.currentTarget;
          onPlayingChange(false);
          if (renewals.current < MAX_AUTO_RENEWALS) {
            renewals.current += 1;
            renew(!audio.paused || resume.current?.play === true);
          } else {
            setMediaFailed(true);
          }
        }}
      >
        Your browser cannot play this recording.
      </audio>
      {(mediaFailed || (url.isError && !url.isFetching)) && (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-lg bg-amber-50 px-4 py-2.5 text-sm text-amber-900" data-testid="audio-stalled">
          <AlertTriangle className="size-4 shrink-0" />
          <span className="flex-1">The recording stopped loading.</span>
          <Button
            size="sm"
            onClick={() => {
              renewals.current = 0;
              renew(true);
            }}
          >
            <Refresh className="size-4" />
            Try again
          </Button>
        </div>
      )}
    </div>
  );
}
