import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalTimeZone } from './time-zone.js';

describe('time zones', () => {
  it('reads IANA names in any case, stored in their own spelling', () => {
    assert.equal(canonicalTimeZone('Europe/Stockholm'), 'Europe/Stockholm');
    assert.equal(canonicalTimeZone(' europe/stockholm '), 'Europe/Stockholm');
    assert.equal(canonicalTimeZone('AMERICA/ARGENTINA/BUENOS_AIRES'), 'America/Argentina/Buenos_Aires');
    assert.equal(canonicalTimeZone('UTC'), 'UTC');
  });

  it('reads the IANA database links as the zone they name, by its current name', () => {
    assert.equal(canonicalTimeZone('US/Eastern'), 'America/New_York');
    assert.equal(canonicalTimeZone('Asia/Calcutta'), 'Asia/Kolkata');
    assert.equal(canonicalTimeZone('asia/kolkata'), 'Asia/Kolkata');
    assert.equal(canonicalTimeZone('Europe/Kiev'), 'Europe/Kyiv');
  });

  it('refuses what is no IANA time zone, offsets included', () => {
    for (const bad of ['Mars/Olympus', 'Europe', '+01:00', 'GMT+1', 'Stockholm', '']) assert.equal(canonicalTimeZone(bad), undefined, bad);
  });
});
