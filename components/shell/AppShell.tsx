"use client";
import BusinessOutlined from "@mui/icons-material/BusinessOutlined";
import DoneAllOutlined from "@mui/icons-material/DoneAllOutlined";
import DashboardOutlined from "@mui/icons-material/DashboardOutlined";
import AdminPanelSettingsOutlined from "@mui/icons-material/AdminPanelSettingsOutlined";
import HistoryOutlined from "@mui/icons-material/HistoryOutlined";
import PolicyOutlined from "@mui/icons-material/PolicyOutlined";
import PeopleOutlined from "@mui/icons-material/PeopleOutlined";
import WorkspacesOutlined from "@mui/icons-material/WorkspacesOutlined";
import NotificationsActiveOutlined from "@mui/icons-material/NotificationsActiveOutlined";
import MonitorHeartOutlined from "@mui/icons-material/MonitorHeartOutlined";
import SettingsOutlined from "@mui/icons-material/SettingsOutlined";
import ShieldOutlined from "@mui/icons-material/ShieldOutlined";
import LogoutOutlined from "@mui/icons-material/LogoutOutlined";
import AppBar from "@mui/material/AppBar";
import Button from "@mui/material/Button";
import IconButton from "@mui/material/IconButton";
import Tooltip from "@mui/material/Tooltip";
import Box from "@mui/material/Box";
import Drawer from "@mui/material/Drawer";
import List from "@mui/material/List";
import ListItemButton from "@mui/material/ListItemButton";
import ListItemIcon from "@mui/material/ListItemIcon";
import ListItemText from "@mui/material/ListItemText";
import Toolbar from "@mui/material/Toolbar";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import type { NavEntry } from "./nav";
import { ThemeSwitch } from "./ThemeSwitch";

const DRAWER_WIDTH = 220;
const ICONS: Record<NavEntry["icon"], ReactNode> = {
  dashboard: <DashboardOutlined />,
  tenants: <BusinessOutlined />,
  bulk: <DoneAllOutlined />,
  partner: <AdminPanelSettingsOutlined />,
  history: <HistoryOutlined />,
  audit: <PolicyOutlined />,
  users: <PeopleOutlined />,
  groups: <WorkspacesOutlined />,
  alerts: <NotificationsActiveOutlined />,
  settings: <SettingsOutlined />,
  status: <MonitorHeartOutlined />,
};

const isCurrent = (pathname: string, href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));

export interface ShellUser {
  displayName: string;
  role: string;
}

/** `nav`: the entries this person sees (navFor, computed on the server where the role check lives). */
export function AppShell({ children, user, nav }: { children: ReactNode; user: ShellUser | null; nav: NavEntry[] }) {
  const pathname = usePathname();
  return (
    <Box sx={{ display: "flex", minHeight: "100vh" }}>
      <AppBar position="fixed" elevation={0} sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar>
          <ShieldOutlined sx={{ mr: 1.5 }} aria-hidden />
          <Typography variant="h6" component="div" sx={{ flexGrow: 1, fontWeight: 600 }}>
            MSP Conditional Access Portal
          </Typography>
          <Box data-testid="user-slot" sx={{ mr: 1, textAlign: "right", lineHeight: 1.2 }}>
            {user ? (
              <>
                <Typography variant="body2">{user.displayName}</Typography>
                <Typography variant="caption" sx={{ opacity: 0.8 }}>
                  {user.role}
                </Typography>
              </>
            ) : (
              <Typography variant="body2" sx={{ opacity: 0.8 }}>
                Not signed in
              </Typography>
            )}
          </Box>
          <ThemeSwitch />
          {user ? (
            <form action="/api/auth/logout" method="post">
              <Tooltip title="Sign out">
                <IconButton type="submit" color="inherit" aria-label="Sign out">
                  <LogoutOutlined />
                </IconButton>
              </Tooltip>
            </form>
          ) : (
            <Button color="inherit" href="/login" sx={{ ml: 1 }}>
              Sign in
            </Button>
          )}
        </Toolbar>
      </AppBar>
      <Drawer variant="permanent" sx={{ width: DRAWER_WIDTH, flexShrink: 0, "& .MuiDrawer-paper": { width: DRAWER_WIDTH, boxSizing: "border-box" } }}>
        <Toolbar />
        <nav aria-label="Main">
          <List>
            {nav.map((entry) => (
              <ListItemButton key={entry.href} component={Link} href={entry.href} selected={isCurrent(pathname, entry.href)}>
                <ListItemIcon>{ICONS[entry.icon]}</ListItemIcon>
                <ListItemText primary={entry.label} />
              </ListItemButton>
            ))}
          </List>
        </nav>
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
        <Toolbar />
        {children}
      </Box>
    </Box>
  );
}
