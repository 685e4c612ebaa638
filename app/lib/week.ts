// The week views' pure picking (no time arithmetic: the server sent each booking on its local dates).

type DayLike = { date: string; teammates: Array<{ member: { id: string; name: string; photoUrl?: string | null }; spaceName: string }> };

export type TeammateWeek = { member: { id: string; name: string; photoUrl?: string | null }; dates: string[]; spaces: string[] };

/** Who from my projects is in this week, once each (in the order they first come): the days and the spaces. */
export function teamOfWeek(days: DayLike[], max = 5): { people: TeammateWeek[]; more: number } {
  const byId = new Map<string, TeammateWeek>();
  for (const day of days) {
    for (const m of day.teammates) {
      const person = byId.get(m.member.id) ?? { member: m.member, dates: [], spaces: [] };
      if (!person.dates.includes(day.date)) person.dates.push(day.date);
      if (!person.spaces.includes(m.spaceName)) person.spaces.push(m.spaceName);
      byId.set(m.member.id, person);
    }
  }
  const people = [...byId.values()];
  return { people: people.slice(0, max), more: Math.max(0, people.length - max) };
}
