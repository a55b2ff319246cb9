import { createContext, useContext } from 'react';
import type { AppStore } from '../src/store/store.js';
import type { Controller } from '../src/tui/controller.js';

export const StoreContext = createContext<AppStore | null>(null);
export const ControllerContext = createContext<Controller | null>(null);

export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('StoreContext missing');
  return store;
}

export function useController(): Controller {
  const controller = useContext(ControllerContext);
  if (!controller) throw new Error('ControllerContext missing');
  return controller;
}
