/**
 * Where the kernel is: '' for Mission Control (served by the kernel itself, same origin), the
 * kernel's origin for the embeddable components on another site (embed/, CORS must allow it).
 */
import { signal } from '@preact/signals';

export const apiBase = signal('');
