// A one-line progress display on stderr: messages, MB, rate and ETA, redrawn at most 5 times a second.

import type { ImportProgress } from '../archive/ingest.ts';

export class ProgressLine {
  private readonly started = performance.now();
  private lastDraw = 0;
  private readonly totalBytes: number;

  constructor(totalBytes: number) {
    this.totalBytes = totalBytes;
  }

  update(progress: ImportProgress, force = false): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? progress.seen / seconds : 0;
    const mb = progress.bytes / 1e6;
    let eta = '';
    if (this.totalBytes > 0 && progress.sourceOffset > 0) {
      const fraction = Math.min(1, progress.sourceOffset / this.totalBytes);
      const left = fraction > 0 ? seconds / fraction - seconds : 0;
      eta = ` ${(fraction * 100).toFixed(0)}% ETA ${formatSeconds(left)}`;
    }
    process.stderr.write(
      `\r\x1b[K${progress.seen} messages, ${mb.toFixed(1)} MB, ${rate.toFixed(0)} msg/s (${progress.imported} new, ${progress.present} present)${eta}`,
    );
  }

  finish(): void {
    process.stderr.write('\r\x1b[K');
  }
}

function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
