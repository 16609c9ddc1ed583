// Browser tests run against the built web app: build it first when its sources changed.
import { buildIfStale } from '../../scripts/build-if-stale.js';

export default function setup(): void {
  buildIfStale(['web']);
}
