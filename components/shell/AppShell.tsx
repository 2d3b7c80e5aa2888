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
import MenuOutlined from "@mui/icons-material/MenuOutlined";
import AppBar from "@mui/material/AppBar";
import Button from "@mui/material/Button";
import IconButton from "@mui/material/IconButton";
import Tooltip from "@mui/material/Tooltip";
import Box from "@mui/material/Box";
import Drawer from "@mui/material/Drawer";
import List from "@mui/material/List";
import ListItem from "@mui/material/ListItem";
import ListItemButton from "@mui/material/ListItemButton";
import ListItemIcon from "@mui/material/ListItemIcon";
import ListItemText from "@mui/material/ListItemText";
import Toolbar from "@mui/material/Toolbar";
import Typography from "@mui/material/Typography";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";
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

/** The navigation list: each link in its own list item (a link straight inside a ul is invalid list markup). */
function NavList({ nav, pathname, onNavigate }: { nav: NavEntry[]; pathname: string; onNavigate?: () => void }) {
  return (
    <nav aria-label="Main">
      <List>
        {nav.map((entry) => {
          const current = isCurrent(pathname, entry.href);
          return (
            <ListItem key={entry.href} disablePadding>
              <ListItemButton component={Link} href={entry.href} selected={current} aria-current={current ? "page" : undefined} onClick={onNavigate}>
                <ListItemIcon>{ICONS[entry.icon]}</ListItemIcon>
                <ListItemText primary={entry.label} />
              </ListItemButton>
            </ListItem>
          );
        })}
      </List>
    </nav>
  );
}

/**
 * `nav`: the entries this person sees (navFor, computed on the server where the role check lives).
 * From md (900 px) up the navigation is a permanent column; below it is a temporary drawer opened by
 * the menu button, so a phone (390 px) keeps its whole width for the page. Both are chosen in CSS
 * (no width measured in JavaScript), so the server's HTML is already right.
 */
export function AppShell({ children, user, nav }: { children: ReactNode; user: ShellUser | null; nav: NavEntry[] }) {
  const pathname = usePathname();
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <Box sx={{ display: "flex", minHeight: "100vh" }}>
      {/* The first thing a keyboard reaches: past the app bar and the navigation (WCAG 2.4.1). */}
      <Box
        component="a"
        href="#main"
        sx={{
          position: "absolute",
          left: 8,
          top: -48,
          zIndex: (t) => t.zIndex.tooltip + 1,
          p: 1,
          bgcolor: "background.paper",
          color: "text.primary",
          borderRadius: 1,
          "&:focus": { top: 8 },
        }}
      >
        Skip to main content
      </Box>
      <AppBar position="fixed" elevation={0} sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar>
          {nav.length > 0 ? (
            <IconButton
              color="inherit"
              edge="start"
              aria-label="Open the navigation"
              aria-expanded={menuOpen}
              onClick={() => setMenuOpen(true)}
              sx={{ mr: 1, display: { md: "none" } }}
            >
              <MenuOutlined />
            </IconButton>
          ) : null}
          <ShieldOutlined sx={{ mr: 1.5, display: { xs: "none", sm: "block" } }} aria-hidden />
          <Typography variant="h6" component="div" noWrap sx={{ flexGrow: 1, fontWeight: 600, minWidth: 0 }}>
            <Box component="span" sx={{ display: { xs: "none", sm: "inline" } }}>
              MSP Conditional Access Portal
            </Box>
            <Box component="span" sx={{ display: { xs: "inline", sm: "none" } }}>
              CA Portal
            </Box>
          </Typography>
          <Box data-testid="user-slot" sx={{ mr: 1, textAlign: "right", lineHeight: 1.2, display: { xs: "none", sm: "block" } }}>
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
      <Drawer
        variant="permanent"
        sx={{
          display: { xs: "none", md: "block" },
          width: DRAWER_WIDTH,
          flexShrink: 0,
          "& .MuiDrawer-paper": { width: DRAWER_WIDTH, boxSizing: "border-box" },
        }}
      >
        <Toolbar />
        <NavList nav={nav} pathname={pathname} />
      </Drawer>
      <Drawer
        id="navigation-drawer"
        variant="temporary"
        open={menuOpen}
        onClose={() => setMenuOpen(false)}
        sx={{ display: { xs: "block", md: "none" }, "& .MuiDrawer-paper": { width: DRAWER_WIDTH, boxSizing: "border-box" } }}
        slotProps={{ paper: { role: "dialog", "aria-label": "Navigation" } }}
      >
        <NavList nav={nav} pathname={pathname} onNavigate={() => setMenuOpen(false)} />
      </Drawer>
      <Box component="main" id="main" tabIndex={-1} sx={{ flexGrow: 1, p: { xs: 2, sm: 3 }, minWidth: 0, "&:focus": { outline: "none" } }}>
        <Toolbar />
        {children}
      </Box>
    </Box>
  );
}
