import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDeployConfig } from '../../infra/DeployConfig.js';
import { EXAMPLE_CONFIG } from './support/synthCarecast.js';

type Json = Record<string, any>;
const example = (): Json => JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'carecast-config-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a config file and returns the context that points at it. */
const fileContext = (config: Json, extra: Record<string, unknown> = {}): Record<string, unknown> => {
  const path = join(dir, `config-${n++}.json`);
  writeFileSync(path, JSON.stringify(config));
  return { 'carecast:config': path, ...extra };
};
const load = (config: Json, extra?: Record<string, unknown>) => loadDeployConfig({ context: fileContext(config, extra) });
const withLocations = (addresses: string[]): Json => {
  const c = example();
  c.clinic.locations = addresses.map((address, i) => ({ id: `loc-${i}`, name: `Location ${i}`, address }));
  return c;
};

describe('deployment config', () => {
  it('loads the example config with its inline clinic profile and defaults', () => {
    const config = load(example());

    expect(config.senderDomain).toBe('mail.example-clinic.org');
    expect(config.clinic.locations[0]?.address).toMatch(/Example Avenue/);
    expect(config.mailFromSubdomain).toBe('bounce');
    expect(config.api).toEqual({ rateLimit: 20, burstLimit: 40 });
  });

  it('lists every missing value with the context key that sets it', () => {
    const attempt = () => load({});

    expect(attempt).toThrow(/Invalid Carecast deployment config/);
    for (const key of ['senderDomain', 'fromAddress', 'replyTo', 'bookingInbox', 'linkAllowList', 'sendingRatePerSecond', 'site']) {
      expect(attempt).toThrow(new RegExp(`- ${key}: .*-c carecast:${key}=`));
    }
  });

  it('lets individual context keys override the file, dotted for nested fields and coerced from strings', () => {
    const config = load(example(), {
      'carecast:sendingRatePerSecond': '3',
      'carecast:sms.originationNumber': '+18332217788',
      'carecast:sms.numberType': 'TOLL_FREE',
      'carecast:sms.monthlySpendLimitUsd': '50',
      'carecast:linkAllowList': 'a.example-clinic.org, b.example-clinic.org',
    });

    expect(config.sendingRatePerSecond).toBe(3);
    expect(config.sms?.monthlySpendLimitUsd).toBe(50);
    expect(config.sms?.originationNumber).toBe('+18332217788');
    expect(config.linkAllowList).toEqual(['a.example-clinic.org', 'b.example-clinic.org']);
  });

  it('builds a config from individual context keys alone, with no file', () => {
    const c = example();
    const context: Record<string, unknown> = {
      'carecast:senderDomain': c.senderDomain,
      'carecast:fromAddress': c.fromAddress,
      'carecast:replyTo': c.replyTo,
      'carecast:bookingInbox': c.bookingInbox,
      'carecast:clinic': c.clinic,
      'carecast:linkAllowList': 'www.example-clinic.org',
      'carecast:sendingRatePerSecond': '1',
      'carecast:site.publicBaseUrl': 'https://learn.example-clinic.org',
      'carecast:site.certificateArn': c.site.certificateArn,
      'carecast:site.webAclArn': c.site.webAclArn,
      'carecast:site.originDomainName': c.site.originDomainName,
      'carecast:site.originCertificateArn': c.site.originCertificateArn,
    };

    expect(loadDeployConfig({ context }).sendingRatePerSecond).toBe(1);
  });

  it('refuses a From address outside the verified sender domain (E6)', () => {
    const c = example();
    c.fromAddress = 'Clinic <news@other-domain.org>';

    expect(() => load(c)).toThrow(/fromAddress: must be an address on senderDomain mail\.example-clinic\.org \(E6\)/);
  });

  it.each([
    { case: 'empty', address: '' },
    { case: 'whitespace only', address: '        ' },
    { case: 'a placeholder', address: 'Street address to be confirmed by the clinic, Orange, CA' },
  ])('refuses a clinic location whose postal address is $case (E1)', ({ address }) => {
    expect(() => load(withLocations(['100 Example Avenue, Springfield, NY 10001', address]))).toThrow(/E1/);
  });

  it.each([
    { field: 'phone', value: '(949) 555-0100', error: /phone is a fictional 555-01XX placeholder/ },
    { field: 'email', value: 'education@socalpaincenter.example', error: /email is on the reserved \.example domain/ },
  ])('refuses the sample profile\'s placeholder clinic $field (issue 14)', ({ field, value, error }) => {
    const c = example();
    (c.clinic as unknown as Record<string, string>)[field] = value;

    expect(() => load(c)).toThrow(error);
  });

  it('refuses the shipped templates/clinic.yaml as it is: its phone and email are placeholders', () => {
    const c = example();
    delete (c as { clinic?: unknown }).clinic;

    expect(() => load(c)).toThrow(/phone is a fictional 555-01XX placeholder; email is on the reserved \.example domain/);
  });

  it('reads the clinic profile from clinicProfilePath when none is inline, with the loader local mode uses', () => {
    const yaml = join(dir, 'clinic.yaml');
    writeFileSync(
      yaml,
      [
        'name: File Clinic',
        'programName: File Clinic Education',
        'phone: "+1 555 010 0100"',
        'email: front@file-clinic.org',
        'website: https://file-clinic.org',
        'timezone: America/Chicago',
        'locations:',
        '  - id: main',
        '    name: Main',
        '    address: 1 File Street, Chicago, IL 60601',
      ].join('\n'),
    );
    const c = example();
    delete c.clinic;
    c.clinicProfilePath = yaml;

    expect(load(c).clinic.name).toBe('File Clinic');
  });

  it('names a clinic profile file that does not exist', () => {
    const c = example();
    delete c.clinic;
    c.clinicProfilePath = 'nowhere/clinic.yaml';

    expect(() => load(c)).toThrow(/clinic profile .*nowhere\/clinic\.yaml not found/);
  });

  it('names a config file that does not exist', () => {
    expect(() => loadDeployConfig({ context: { 'carecast:config': 'infra/missing.json' } })).toThrow(/infra\/missing\.json, which does not exist/);
  });

  it.each([
    { case: 'an http public URL', path: ['site', 'publicBaseUrl'], value: 'http://learn.example-clinic.org', error: /site\.publicBaseUrl: must be an https:\/\/ URL/ },
    { case: 'a certificate outside us-east-1', path: ['site', 'certificateArn'], value: 'arn:aws:acm:us-west-2:111122223333:certificate/00000000-0000-0000-0000-000000000000', error: /site\.certificateArn: .*us-east-1/ },
    { case: 'a non-US origination number (S12)', path: ['sms'], value: { originationNumber: '+447700900123', numberType: 'TOLL_FREE' }, error: /sms\.originationNumber: must be a \+1 E\.164 number/ },
    { case: 'a zero sending rate', path: ['sendingRatePerSecond'], value: 0, error: /sendingRatePerSecond/ },
    { case: 'an empty link allow-list (W10)', path: ['linkAllowList'], value: [], error: /linkAllowList: list at least one host/ },
    { case: 'a log retention CloudWatch does not offer', path: ['logRetentionDays'], value: 100, error: /logRetentionDays: must be one of/ },
  ])('refuses $case', ({ path, value, error }) => {
    const c = example();
    let node = c;
    for (const p of path.slice(0, -1)) node = node[p as string];
    node[path[path.length - 1] as string] = value;

    expect(() => load(c)).toThrow(error);
  });

  it('refuses unknown fields, so a typo does not silently fall back to a default', () => {
    const c = example();
    c.sendingRatePerSec = 10;

    expect(() => load(c)).toThrow(/Unrecognized key.*sendingRatePerSec/);
  });
});
