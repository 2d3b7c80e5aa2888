// Readable names for ids and enum members that mean the same in every tenant. Role template ids are
// from Microsoft's "Microsoft Entra built-in roles" reference; application ids are Microsoft
// first-party apps. Only ids we are sure of are listed: an unknown id is shown as the id.

export const ROLE_NAMES: Readonly<Record<string, string>> = {
  "62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
  "f2ef992c-3afb-46b9-b7cf-a126ee74c451": "Global Reader",
  "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9": "Conditional Access Administrator",
  "194ae4cb-b126-40b2-bd5b-6091b380977d": "Security Administrator",
  "5d6b6bb7-de71-4623-b4af-96380a352509": "Security Reader",
  "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f": "Security Operator",
  "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
  "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": "Privileged Authentication Administrator",
  "c4e39bd9-1100-46d3-8c65-fb160da0071f": "Authentication Administrator",
  "0526716b-113d-4c15-b2c8-68e3c22b9f80": "Authentication Policy Administrator",
  "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": "Application Administrator",
  "cf1c38e5-3621-4004-a7cb-879624dced7c": "Application Developer",
  "158c047a-c907-4556-b7ef-446551a6b5f7": "Cloud Application Administrator",
  "7698a772-787b-4ac8-901f-60d6b08affd2": "Cloud Device Administrator",
  "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
  "729827e3-9c14-49f7-bb1b-9608f156bbb8": "Helpdesk Administrator",
  "966707d0-3269-4727-9be2-8c3a10f19b9d": "Password Administrator",
  "fdd7a751-b60b-444a-984c-02652fe8fa1c": "Groups Administrator",
  "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2": "Hybrid Identity Administrator",
  "29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
  "31392ffb-586c-42d1-9346-e59415a2cc4e": "Exchange Recipient Administrator",
  "f28a1f50-f6e7-4571-818b-6a12f2af6b6c": "SharePoint Administrator",
  "69091246-20e8-4a56-aa4d-066075b2a7a8": "Teams Administrator",
  "baf37b3a-610e-45da-9e62-d9d1e5e8914b": "Teams Communications Administrator",
  "75941009-915a-4869-abe7-691bff18279e": "Skype for Business Administrator",
  "3a2c62db-5318-420d-8d74-23affee5d9d5": "Intune Administrator",
  "11451d60-acb2-45eb-a7d6-43d0f0125c13": "Windows 365 Administrator",
  "b0f54661-2d74-4c50-afa3-1ec803f12efe": "Billing Administrator",
  "4d6ac14f-3453-41d0-bef9-a3e0c569773a": "License Administrator",
  "f023fd81-a637-4b56-95fd-791ac0226033": "Service Support Administrator",
  "17315797-102d-40b4-93e0-432062caca18": "Compliance Administrator",
  "e6d1a23a-da11-4be4-9570-befc86d067a7": "Compliance Data Administrator",
  "7495fdc4-34c4-4d15-a289-98788ce399fd": "Azure Information Protection Administrator",
  "892c5842-a9a6-463a-8041-72aa08ca3cf6": "Cloud App Security Administrator",
  "44367163-eba1-44c3-98af-f5787879f96a": "Dynamics 365 Administrator",
  "11648597-926c-4cf3-9c36-bcebb0ba8dcc": "Power Platform Administrator",
  "a9ea8996-122f-4c74-9520-8edcd192826c": "Fabric Administrator",
  "e3973bdf-4987-49ae-837a-ba8e231c7286": "Azure DevOps Administrator",
  "8329153b-31d0-4727-b945-745eb3bc5f31": "Domain Name Administrator",
  "be2f45a1-457d-42af-a067-6ec1fa63bc45": "External Identity Provider Administrator",
  "45d8d3c5-c802-45c6-b32a-1d70b5e1e86e": "Identity Governance Administrator",
  "ac434307-12b9-4fa1-a708-88bf58caabc1": "Global Secure Access Administrator",
  "9f06204d-73c1-4d4c-880a-6edb90606fd8": "Microsoft Entra Joined Device Local Administrator",
  "9360feb5-f418-4baa-8175-e2a00bac4301": "Directory Writers",
  "88d8e3e3-8f55-4a1e-953a-9b9898b8876b": "Directory Readers",
  "d29b2b05-8046-44ba-8758-1e26182fcf32": "Directory Synchronization Accounts",
  "95e79109-95c0-4d8e-aee3-d01accf2d47b": "Guest Inviter",
  "4a5d8f65-41da-4de4-8968-e035b65339cf": "Reports Reader",
  "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b": "Message Center Reader",
  "5c4f9dcd-47dc-4cf7-8c9a-9e4207cbfc91": "Customer LockBox Access Approver",
  "38a96431-2bdf-4b4c-8b6e-5d3d8abac1a4": "Desktop Analytics Administrator",
  "0964bb5e-9bdb-4d7b-ac29-58e794862a40": "Search Administrator",
  "8835291a-918c-4fd7-a9ce-faa49f0cf7d9": "Search Editor",
  "644ef478-e28f-4e28-b9dc-3fdde9aa0b1f": "Printer Administrator",
  "c430b396-e693-46cc-96f3-db01bf8bb62a": "Attack Simulation Administrator",
  "4ba39ca4-527c-499a-b93d-d9b492c50246": "Partner Tier1 Support",
  "e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8": "Partner Tier2 Support",
};

export const APPLICATION_NAMES: Readonly<Record<string, string>> = {
  All: "All cloud apps",
  None: "No cloud apps",
  Office365: "Office 365 (the app group)",
  MicrosoftAdminPortals: "Microsoft Admin Portals",
  "797f4846-ba00-4fd7-ba43-dac1f8f63013": "Azure management (Windows Azure Service Management API)",
  "00000002-0000-0ff1-ce00-000000000000": "Office 365 Exchange Online",
  "00000003-0000-0ff1-ce00-000000000000": "Office 365 SharePoint Online",
  "00000004-0000-0ff1-ce00-000000000000": "Skype for Business Online",
  "00000003-0000-0000-c000-000000000000": "Microsoft Graph",
  "00000002-0000-0000-c000-000000000000": "Windows Azure Active Directory",
  "0000000a-0000-0000-c000-000000000000": "Microsoft Intune",
  "d4ebce55-015a-49b5-a083-c84d1797ae8c": "Microsoft Intune Enrollment",
  "00000007-0000-0000-c000-000000000000": "Dynamics CRM Online",
  "00000009-0000-0000-c000-000000000000": "Power BI Service",
  "499b84ac-1321-427f-aa17-267ca6975798": "Azure DevOps",
  "1fec8e78-bce4-4aaf-ab1b-5451cc387264": "Microsoft Teams",
  "04b07795-8ddb-461a-bbee-02f9e1bf7b46": "Microsoft Azure CLI",
  "1950a258-227b-4e31-a9cf-717495945fc2": "Microsoft Azure PowerShell",
  "14d82eec-204b-4c2f-b7e8-296a70dab67e": "Microsoft Graph Command Line Tools",
  "de8bc8b5-d9f9-48b1-a8ad-b748da725064": "Graph Explorer",
  "9cdead84-a844-4324-93f2-b2e6bb768d07": "Azure Virtual Desktop",
  "a4a365df-50f1-4397-bc59-1a1564b8bb9c": "Microsoft Remote Desktop",
  "372140e0-b3b7-4226-8ef9-d57986796201": "Azure Windows VM Sign-In",
};

export const USER_ACTION_NAMES: Readonly<Record<string, string>> = {
  "urn:user:registersecurityinfo": "Register security information",
  "urn:user:registerdevice": "Register or join devices",
};

/** Built-in authentication strengths have the same id in every tenant. */
export const AUTHENTICATION_STRENGTH_NAMES: Readonly<Record<string, string>> = {
  "00000000-0000-0000-0000-000000000002": "Multifactor authentication",
  "00000000-0000-0000-0000-000000000003": "Passwordless MFA",
  "00000000-0000-0000-0000-000000000004": "Phishing-resistant MFA",
};

export const LOCATION_NAMES: Readonly<Record<string, string>> = {
  All: "Any location",
  AllTrusted: "All trusted locations",
  "00000000-0000-0000-0000-000000000000": "MFA trusted IPs (legacy)",
};

export const GUEST_TYPE_NAMES: Readonly<Record<string, string>> = {
  none: "no guest or external user types",
  internalGuest: "local guest users",
  b2bCollaborationGuest: "B2B collaboration guest users",
  b2bCollaborationMember: "B2B collaboration member users",
  b2bDirectConnectUser: "B2B direct connect users",
  otherExternalUser: "other external users",
  serviceProvider: "service provider users",
  unknownFutureValue: "unknownFutureValue",
};

export const PLATFORM_NAMES: Readonly<Record<string, string>> = {
  all: "any platform",
  android: "Android",
  iOS: "iOS",
  windows: "Windows",
  windowsPhone: "Windows Phone",
  macOS: "macOS",
  linux: "Linux",
};

export const CLIENT_APP_TYPE_NAMES: Readonly<Record<string, string>> = {
  all: "all client apps",
  browser: "browser",
  mobileAppsAndDesktopClients: "mobile apps and desktop clients",
  exchangeActiveSync: "Exchange ActiveSync clients",
  easSupported: "Exchange ActiveSync clients on supported platforms",
  other: "other clients (legacy authentication)",
};

export const GRANT_CONTROL_NAMES: Readonly<Record<string, string>> = {
  block: "block access",
  mfa: "require multifactor authentication",
  compliantDevice: "require the device to be marked as compliant",
  domainJoinedDevice: "require a Microsoft Entra hybrid joined device",
  approvedApplication: "require an approved client app",
  compliantApplication: "require an app protection policy",
  passwordChange: "require a password change",
  riskRemediation: "require risk remediation",
};

export const TRANSFER_METHOD_NAMES: Readonly<Record<string, string>> = {
  none: "no authentication flows",
  deviceCodeFlow: "device code flow",
  authenticationTransfer: "authentication transfer",
};

export const STATE_NAMES: Readonly<Record<string, string>> = {
  enabled: "On (enabled)",
  disabled: "Off (disabled)",
  enabledForReportingButNotEnforced: "Report-only (enabledForReportingButNotEnforced)",
};

export const CLOUD_APP_SECURITY_NAMES: Readonly<Record<string, string>> = {
  mcasConfigured: "use a custom policy configured in Defender for Cloud Apps",
  monitorOnly: "monitor only",
  blockDownloads: "block downloads",
};

export const SERVICE_PRINCIPAL_KEYWORDS: Readonly<Record<string, string>> = {
  ServicePrincipalsInMyTenant: "all service principals owned by this tenant",
};

/** Looks an id up case-insensitively; returns "Name (id)" when known, else the id unchanged. */
export function nameOf(id: string, ...tables: readonly (Readonly<Record<string, string>> | undefined)[]): string {
  const name = lookup(id, ...tables);
  if (name === undefined) return id;
  return name === id || !/[0-9a-f]{8}-/i.test(id) ? name : `${name} (${id})`;
}

export function lookup(id: string, ...tables: readonly (Readonly<Record<string, string>> | undefined)[]): string | undefined {
  const key = id.trim();
  for (const table of tables) {
    if (!table) continue;
    const exact = table[key];
    if (exact !== undefined) return exact;
    const lower = key.toLowerCase();
    for (const [candidate, name] of Object.entries(table)) {
      if (candidate.toLowerCase() === lower) return name;
    }
  }
  return undefined;
}
