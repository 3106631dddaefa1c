/** Event buses: `default` always exists per account and region; custom buses are created and deleted. */
import type { Clock } from '../../clock/clock.ts';
import type { EventBusRecord, EventsStore, EventsTag } from '../../store/events-store.ts';
import type { OperationHandler, RequestContext } from '../service.ts';
import { busArn, busNameOf, DEFAULT_BUS } from './arns.ts';
import {
  BUS_NAME_CONSTRAINT,
  BUS_NAME_PATTERN,
  constraintViolations,
  EventBusNotFound,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  ValidationException,
} from './errors.ts';
import { page } from './paging.ts';
import { validTags } from './tag-operations.ts';

const MAX_BUS_NAME_LENGTH = 256;
const MAX_DESCRIPTION_LENGTH = 512;

const seconds = (ms: number): number => ms / 1000;

/** What DescribeEventBus and ListEventBuses show of a bus. */
export function busView(bus: EventBusRecord): Record<string, unknown> {
  return {
    Name: bus.name,
    Arn: busArn(bus.region, bus.accountId, bus.name),
    ...(bus.description !== undefined ? { Description: bus.description } : {}),
    ...(bus.createdAtMs > 0 ? { CreationTime: seconds(bus.createdAtMs), LastModifiedTime: seconds(bus.lastModifiedAtMs) } : {}),
  };
}

/** The default bus as stored (once tagged) or as it always exists. */
export function defaultBus(store: EventsStore, accountId: string, region: string): EventBusRecord {
  return (
    store.getBus({ accountId, region, name: DEFAULT_BUS }) ?? {
      accountId,
      region,
      name: DEFAULT_BUS,
      description: undefined,
      tags: [],
      createdAtMs: 0,
      lastModifiedAtMs: 0,
    }
  );
}

export function findBus(store: EventsStore, request: RequestContext, name: string): EventBusRecord | undefined {
  if (name === DEFAULT_BUS) return defaultBus(store, request.accountId, request.region);
  return store.getBus({ accountId: request.accountId, region: request.region, name });
}

export function busOperations(store: EventsStore, clock: Clock): Record<string, OperationHandler> {
  return {
    async CreateEventBus(input, request) {
      const name = typeof input.Name === 'string' ? input.Name : undefined;
      if (name === undefined)
        throw constraintViolations([{ member: 'name', value: 'null', constraint: 'Member must not be null' }]);
      const violations = [];
      if (!BUS_NAME_PATTERN.test(name)) violations.push({ member: 'name', value: name, constraint: BUS_NAME_CONSTRAINT });
      if (name.length > MAX_BUS_NAME_LENGTH) {
        violations.push({
          member: 'name',
          value: name,
          constraint: `Member must have length less than or equal to ${MAX_BUS_NAME_LENGTH}`,
        });
      }
      if (violations.length > 0) throw constraintViolations(violations);
      if (input.EventSourceName !== undefined && input.EventSourceName !== null) {
        throw ResourceNotFoundException(`Event source ${String(input.EventSourceName)} does not exist.`);
      }
      if (name.includes('/')) throw ValidationException("Event bus name must not contain '/'.");
      const description = typeof input.Description === 'string' ? input.Description : undefined;
      if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) {
        throw constraintViolations([
          {
            member: 'description',
            value: description,
            constraint: `Member must have length less than or equal to ${MAX_DESCRIPTION_LENGTH}`,
          },
        ]);
      }
      const tags: EventsTag[] = validTags(input.Tags);
      if (findBus(store, request, name)) throw ResourceAlreadyExistsException(`Event bus ${name} already exists.`);
      const nowMs = clock.now();
      await store.putBus({
        accountId: request.accountId,
        region: request.region,
        name,
        description,
        tags,
        createdAtMs: nowMs,
        lastModifiedAtMs: nowMs,
      });
      return {
        EventBusArn: busArn(request.region, request.accountId, name),
        ...(description !== undefined ? { Description: description } : {}),
      };
    },

    DescribeEventBus(input, request) {
      const name = busNameOf(typeof input.Name === 'string' ? input.Name : undefined);
      const bus = findBus(store, request, name);
      if (!bus) throw EventBusNotFound(name);
      return busView(bus);
    },

    ListEventBuses(input, request) {
      const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
      const stored = store.listBuses(request.accountId, request.region).filter((bus) => bus.name !== DEFAULT_BUS);
      const all = [defaultBus(store, request.accountId, request.region), ...stored]
        .filter((bus) => bus.name.startsWith(prefix))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const { items, nextToken } = page(all, input);
      return { EventBuses: items.map(busView), ...(nextToken ? { NextToken: nextToken } : {}) };
    },

    async DeleteEventBus(input, request) {
      const name = typeof input.Name === 'string' ? input.Name : undefined;
      if (name === undefined)
        throw constraintViolations([{ member: 'name', value: 'null', constraint: 'Member must not be null' }]);
      if (name === DEFAULT_BUS) throw ValidationException('Cannot delete event bus default.');
      if (!findBus(store, request, name)) throw EventBusNotFound(name);
      await store.deleteBus({ accountId: request.accountId, region: request.region, name });
      return {};
    },
  };
}
