// Who runs which space: the admin's page that assigns operators to spaces (issue 14, item 0).
export const enStaff = {
  "meta.adminSpaces.title": "Space operators",
  "meta.adminSpaces.about": "Which operators run which space.",
  "staff.title": "Space operators",
  "staff.intro": "An operator sees and changes only the spaces they run; admins run every space. A space with no operator is run by the admins.",
  "staff.operators": "Operators",
  "staff.none": "No operator: the admins run it.",
  "staff.assignedBy": "assigned by {name} on {date}",
  "staff.assignedOn": "assigned on {date}",
  "staff.remove": "Remove",
  "staff.removeOf": "Remove {name} from {space}",
  "staff.addTo": "Operator to add to {space}",
  "staff.addButton": "Assign",
  "staff.noneLeft": "Every operator already runs this space. Give a member the operator role on the Members page first.",
  "staff.assigned": "{name} now runs {space}.",
  "staff.removed": "{name} no longer runs {space}.",
} as const;
