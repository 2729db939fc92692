import { setTimeout as sleep } from 'node:timers/promises';
import { AetherError } from '../errors/index.js';
import type { RfbClient } from './rfb-client.js';

/** What the agent's desktop tools ask for; coordinates are screen pixels. */
export type DesktopAction =
  | { action: 'click' | 'double_click'; x: number; y: number; button?: 'left' | 'middle' | 'right' }
  | { action: 'move'; x: number; y: number }
  | { action: 'drag'; x: number; y: number; toX: number; toY: number }
  | { action: 'scroll'; x: number; y: number; dx?: number; dy?: number }
  | { action: 'type'; text: string }
  | { action: 'key'; keys: string };

const BUTTON = { left: 1, middle: 2, right: 4 } as const;

/** X keysyms for named keys (xkeysymdef.h); letters and other characters map by code point. */
const NAMED: Record<string, number> = {
  return: 0xff0d,
  enter: 0xff0d,
  tab: 0xff09,
  escape: 0xff1b,
  esc: 0xff1b,
  backspace: 0xff08,
  delete: 0xffff,
  insert: 0xff63,
  home: 0xff50,
  end: 0xff57,
  left: 0xff51,
  up: 0xff52,
  right: 0xff53,
  down: 0xff54,
  pageup: 0xff55,
  page_up: 0xff55,
  pagedown: 0xff56,
  page_down: 0xff56,
  space: 0x20,
  shift: 0xffe1,
  ctrl: 0xffe3,
  control: 0xffe3,
  alt: 0xffe9,
  super: 0xffeb,
  meta: 0xffeb,
};

export function keysymOf(name: string): number {
  const lower = name.toLowerCase();
  if (NAMED[lower] !== undefined) return NAMED[lower];
  const f = /^f([1-9]|1[0-2])$/.exec(lower);
  if (f) return 0xffbe + Number(f[1]) - 1;
  const chars = [...name];
  if (chars.length === 1) return charKeysym(chars[0]!);
  throw new AetherError(
    'VALIDATION_FAILED',
    `Unknown key "${name}"; use names such as Return, Tab, Escape, ctrl, alt, F5 or one character.`,
  );
}

function charKeysym(ch: string): number {
  if (ch === '\n') return 0xff0d;
  if (ch === '\t') return 0xff09;
  const cp = ch.codePointAt(0)!;
  // Latin-1 keysyms equal their code points; everything else is 0x01000000 + code point.
  return cp < 0x100 ? cp : 0x01000000 + cp;
}

/** Carries out one action on the agent's display through the kernel's RFB client. */
export async function perform(client: RfbClient, a: DesktopAction): Promise<void> {
  const tick = () => sleep(15);
  switch (a.action) {
    case 'move':
      client.pointer(a.x, a.y, 0);
      return;
    case 'click':
    case 'double_click': {
      const mask = BUTTON[a.button ?? 'left'];
      client.pointer(a.x, a.y, 0);
      for (let i = 0; i < (a.action === 'click' ? 1 : 2); i++) {
        client.pointer(a.x, a.y, mask);
        await tick();
        client.pointer(a.x, a.y, 0);
        await tick();
      }
      return;
    }
    case 'drag': {
      client.pointer(a.x, a.y, 0);
      client.pointer(a.x, a.y, 1);
      const steps = 10;
      for (let i = 1; i <= steps; i++) {
        await tick();
        client.pointer(a.x + ((a.toX - a.x) * i) / steps, a.y + ((a.toY - a.y) * i) / steps, 1);
      }
      client.pointer(a.toX, a.toY, 0);
      return;
    }
    case 'scroll': {
      // Wheel notches are buttons 4/5 (vertical) and 6/7 (horizontal), pressed and released.
      const notches: [number, number][] = [
        [a.dy ?? 0, a.dy && a.dy < 0 ? 8 : 16],
        [a.dx ?? 0, a.dx && a.dx < 0 ? 32 : 64],
      ];
      client.pointer(a.x, a.y, 0);
      for (const [n, mask] of notches) {
        for (let i = 0; i < Math.min(Math.abs(n), 50); i++) {
          client.pointer(a.x, a.y, mask);
          client.pointer(a.x, a.y, 0);
        }
      }
      return;
    }
    case 'type':
      for (const ch of a.text) {
        const sym = charKeysym(ch);
        client.key(sym, true);
        client.key(sym, false);
      }
      return;
    case 'key': {
      const syms = a.keys
        .split('+')
        .map((k) => k.trim())
        .filter(Boolean)
        .map(keysymOf);
      if (syms.length === 0) throw new AetherError('VALIDATION_FAILED', 'keys is empty; send e.g. "Return" or "ctrl+c".');
      for (const s of syms) client.key(s, true);
      for (const s of [...syms].reverse()) client.key(s, false);
      return;
    }
  }
}
