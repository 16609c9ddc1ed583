// The sandbox against a simulator on its own: when the way to it is worth a warning.
import { describe, expect, it } from 'vitest';
import { reachedInTheClear } from '../../src/server/setup/sandbox.js';

describe('a simulator reached in the clear', () => {
  it.each([
    ['plain HTTP to another machine by address', 'http://192.168.1.20:4010'],
    ['plain HTTP to another machine by name', 'http://sim.kitchen.example:4010'],
    ['plain HTTP to a name that only starts like loopback', 'http://127.0.0.1.example.com'],
  ])('is %s: warned about', (_what, url) => {
    expect(reachedInTheClear(url)).toBe(true);
  });

  it.each([
    ['this machine by IPv4 loopback', 'http://127.0.0.1:4010'],
    ['this machine by another 127/8 address', 'http://127.8.0.1:4010'],
    ['this machine by name', 'http://localhost:4010'],
    ['this machine under .localhost', 'http://sim.localhost:4010'],
    ['this machine by IPv6 loopback', 'http://[::1]:4010'],
    ['HTTPS to another machine', 'https://sim.kitchen.example'],
  ])('is not %s', (_what, url) => {
    expect(reachedInTheClear(url)).toBe(false);
  });
});
