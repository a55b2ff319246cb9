// The one store: a zustand vanilla store made by a factory (a fresh one per test and per
// app). Actions are named for what happened; the logic lives in pure transitions.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeriveSettings } from '../fleet/derive.js';
import {
  applyClockTicked,
  applyEventsRead,
  applyFleetObserved,
  initialFleet,
  type EventsRead,
  type FleetData,
  type FleetObservation,
} from './fleet.js';

export interface FleetActions {
  fleetObserved(observation: FleetObservation): void;
  /** New lines from agents' event logs, one entry per agent. */
  eventsRead(reads: readonly { agentId: string; read: EventsRead }[]): void;
  clockTicked(now: number): void;
}

export type FleetStoreState = FleetData & FleetActions;
export type FleetStore = StoreApi<FleetStoreState>;

export function createFleetStore(settings: DeriveSettings, now: number = Date.now()): FleetStore {
  return createStore<FleetStoreState>()((set) => ({
    ...initialFleet(settings, now),
    fleetObserved: (observation) => set((s) => applyFleetObserved(s, observation)),
    eventsRead: (reads) => set((s) => applyEventsRead(s, reads)),
    clockTicked: (t) => set((s) => applyClockTicked(s, t)),
  }));
}
