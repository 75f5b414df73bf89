/**
 * The design's seven `/rca/...` routes. A placeholder with the agreed signature: helper "rca"
 * writes the routes in this file (this version registers none), so that server.ts compiles
 * and calls it either way.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/db';
import type { Engine } from '../engine/engine';
import type { LogSource } from '../logs/types';

export function registerRcaRoutes(app: FastifyInstance, deps: { engine: () => Promise<Engine>; reporting: Db | null; logSources: () => LogSource[] }): void {
  void app;
  void deps;
}
