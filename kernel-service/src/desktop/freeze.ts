import type { CompanionUnits } from '../sandbox/index.js';

/**
 * What a desktop takeover freezes: everything of the agent in its slice (its main program, the
 * terminals it or anyone opened, any other companion unit) except the desktop's own units (Xvnc
 * and the programs the person drives), which must keep drawing and answering the person.
 *
 * The agent's own X clients live in its main unit or its terminals, so they are frozen with them:
 * nothing the agent runs can watch (GetImage, QueryKeymap) or type while a person works. Units
 * started during the freeze are caught by a second listing; the socket refuses the agent new
 * terminals meanwhile (LEASE_HELD), so none should appear.
 */
export async function freezeAgent(companions: CompanionUnits, mainUnit: string, desktopRoles: string[]): Promise<string[]> {
  const keep = new Set(desktopRoles.map((r) => companions.unitName(mainUnit, r)));
  const frozen: string[] = [];
  try {
    await companions.freeze(mainUnit);
    frozen.push(mainUnit);
    for (let round = 0; round < 2; round++) {
      for (const unit of await companions.listActive(mainUnit)) {
        if (keep.has(unit) || frozen.includes(unit)) continue;
        try {
          await companions.freeze(unit);
        } catch (err) {
          // A unit that ended meanwhile needs no freezing; one that still runs breaks the promise.
          if (await companions.isActive(unit)) throw err;
          continue;
        }
        frozen.push(unit);
      }
    }
  } catch (err) {
    await thawAll(companions, frozen);
    throw err;
  }
  return frozen;
}

/** Thaws what freezeAgent froze; a unit gone meanwhile is no error. */
export async function thawAll(companions: CompanionUnits, units: string[]): Promise<void> {
  await Promise.all(units.map((u) => companions.thaw(u).catch(() => undefined)));
}

/**
 * After a kernel restart the list of frozen units is gone with the lease: thaw the main unit and
 * every companion that is not the desktop's (thawing a unit that is not frozen changes nothing).
 */
export async function thawAgent(companions: CompanionUnits, mainUnit: string, desktopRoles: string[]): Promise<void> {
  const keep = new Set(desktopRoles.map((r) => companions.unitName(mainUnit, r)));
  const units = (await companions.listActive(mainUnit).catch(() => [] as string[])).filter((u) => !keep.has(u));
  await thawAll(companions, [mainUnit, ...units]);
}
