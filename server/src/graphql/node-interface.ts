import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * GLOBAL OBJECT IDENTIFICATION (Relay). Every object type with an identity implements `Node`:
 * `nodeId` is an opaque global id (it names the type and the row), `id` stays the row's UUID as
 * before. `node(id:)` / `nodes(ids:)` take global ids (modules/node/node.resolver.ts).
 *
 * The global id is base64url("<TypeName>:<uuid>"). Clients must treat it as opaque: only the
 * server decodes it.
 */
@InterfaceType('Node', {
  description:
    'An object with a global id (Relay Global Object Identification). `nodeId` is opaque and works with `node(id:)`/`nodes(ids:)`; `id` on each type stays the UUID that every other argument takes.',
})
export abstract class NodeInterface {
  @Field(() => ID, { description: 'Opaque global id: pass it to node(id:) or nodes(ids:). Not the UUID `id`.' })
  nodeId!: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPE_NAME = /^[A-Z][A-Za-z]{0,40}$/;

export function toGlobalId(typeName: string, id: string): string {
  return Buffer.from(`${typeName}:${id}`, 'utf8').toString('base64url');
}

/** The type name and UUID inside a global id, or null when it is not one this API made. */
export function fromGlobalId(globalId: string): { typeName: string; id: string } | null {
  if (globalId.length > 120 || !/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const typeName = text.slice(0, colon);
  const id = text.slice(colon + 1);
  if (!TYPE_NAME.test(typeName) || !UUID.test(id)) return null;
  // Reject non-canonical encodings, so one row has exactly one global id.
  if (toGlobalId(typeName, id) !== globalId) return null;
  return { typeName, id };
}
