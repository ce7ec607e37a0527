// The page's wire types (wire.ts) against the contract (flow.proto): every message a Journey holds has a
// `Wire<Message>` interface with exactly the message's fields, by proto name, each of the type the proto's
// JSON mapping gives it. A field renamed, added or removed on either side fails here.
/// <reference types="vite/client" />
import PROTO from '../../../proto/src/main/proto/docker_canvas/v1/flow.proto?raw';
import WIRE from './wire.ts?raw';
import { describe, expect, it } from 'vitest';
import { decodeJourneyPage } from './decode';
import { rawJourneys } from '../fixtures/recorded';


interface ProtoField {
  name: string;
  type: string;
  repeated: boolean;
}

/** message name -> fields, from the .proto text (top-level messages; oneof members count as fields). */
function protoMessages(text: string): Map<string, ProtoField[]> {
  const out = new Map<string, ProtoField[]>();
  const noComments = text.replace(/\/\/.*$/gm, '');
  for (const m of noComments.matchAll(/^message (\w+) \{([\s\S]*?)^\}/gm)) {
    const fields: ProtoField[] = [];
    for (const f of m[2].matchAll(/^\s*(repeated\s+)?([\w.]+)\s+(\w+)\s*=\s*\d+\s*;/gm)) {
      fields.push({ repeated: !!f[1], type: f[2], name: f[3] });
    }
    out.set(m[1], fields);
  }
  return out;
}

const protoEnums = (text: string) => new Set([...text.matchAll(/^enum (\w+) \{/gm)].map((m) => m[1]));

/** interface name -> field name -> declared TS type, from wire.ts. */
function wireInterfaces(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const m of text.matchAll(/^export interface (\w+) \{([\s\S]*?)^\}/gm)) {
    const fields = new Map<string, string>();
    for (const f of m[2].matchAll(/^\s*(\w+)\?:\s*([^;]+);/gm)) fields.set(f[1], f[2].trim());
    out.set(m[1], fields);
  }
  return out;
}

const messages = protoMessages(PROTO);
const enums = protoEnums(PROTO);
const wire = wireInterfaces(WIRE);

/** The TS type the proto's JSON mapping gives a field. */
function jsonType(f: ProtoField): string {
  const scalar: Record<string, string> = {
    string: 'string', bytes: 'string', bool: 'boolean', uint32: 'number', int32: 'number', sint32: 'number', fixed32: 'number',
    int64: 'Int64', uint64: 'Int64', fixed64: 'Int64', sint64: 'Int64', 'google.protobuf.Duration': 'string', 'google.protobuf.Timestamp': 'string',
  };
  const one = scalar[f.type] ?? (enums.has(f.type) ? 'string' : `Wire${f.type}`);
  return f.repeated ? `${one}[]` : one;
}

/** Journey and every message it holds, directly or further down. */
function reachable(root: string): string[] {
  const seen: string[] = [];
  const visit = (name: string) => {
    if (seen.includes(name) || !messages.has(name)) return;
    seen.push(name);
    messages.get(name)!.forEach((f) => visit(f.type));
  };
  visit(root);
  return seen;
}

describe('wire types follow flow.proto', () => {
  it('parses the contract (sanity)', () => {
    expect(messages.get('Journey')?.map((f) => f.name)).toContain('hops');
    expect(messages.get('Headers')?.map((f) => f.name)).toEqual(['ethernet', 'ip', 'tcp', 'udp', 'icmp']);
  });

  it.each(reachable('Journey'))('Wire%s has exactly the fields of the message, typed as its JSON mapping', (message) => {
    const declared = wire.get(`Wire${message}`);
    expect(declared, `wire.ts declares no interface Wire${message}`).toBeDefined();
    const expected = Object.fromEntries(messages.get(message)!.map((f) => [f.name, jsonType(f)]));
    expect(Object.fromEntries(declared!)).toEqual(expected);
  });

  it('every Wire interface but the REST envelope stands for a message', () => {
    const extra = [...wire.keys()].filter((n) => n !== 'WireJourneyPage' && !messages.has(n.replace(/^Wire/, '')));
    expect(extra).toEqual([]);
  });

  it('the recorded fixture uses only fields of the contract', () => {
    const unknown: string[] = [];
    const check = (value: unknown, message: string, path: string) => {
      if (value === null || typeof value !== 'object') return;
      const fields = new Map(messages.get(message)!.map((f) => [f.name, f]));
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const f = fields.get(k);
        if (!f) unknown.push(`${path}.${k}`);
        else if (messages.has(f.type)) (f.repeated ? (v as unknown[]) : [v]).forEach((x, i) => check(x, f.type, `${path}.${k}${f.repeated ? `[${i}]` : ''}`));
      }
    };
    rawJourneys.journeys.forEach((j, i) => check(j, 'Journey', `journeys[${i}]`));
    expect(unknown).toEqual([]);
    expect(decodeJourneyPage(rawJourneys).journeys).toHaveLength(6);
  });
});
