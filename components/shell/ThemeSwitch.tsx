"use client";
import DarkModeOutlined from "@mui/icons-material/DarkModeOutlined";
import LightModeOutlined from "@mui/icons-material/LightModeOutlined";
import SettingsBrightnessOutlined from "@mui/icons-material/SettingsBrightnessOutlined";
import IconButton from "@mui/material/IconButton";
import Tooltip from "@mui/material/Tooltip";
import { useColorScheme } from "@mui/material/styles";

const NEXT = { system: "light", light: "dark", dark: "system" } as const;
const LABEL = { system: "Theme: follows the system", light: "Theme: light", dark: "Theme: dark" } as const;

export function ThemeSwitch() {
  const { mode, setMode } = useColorScheme();
  const current = mode ?? "system";
  const Icon = current === "light" ? LightModeOutlined : current === "dark" ? DarkModeOutlined : SettingsBrightnessOutlined;
  return (
    <Tooltip title={`${LABEL[current]} (click to change)`}>
      <IconButton color="inherit" aria-label={`${LABEL[current]}; switch to ${NEXT[current]}`} onClick={() => setMode(NEXT[current])} data-mode={current}>
        <Icon />
      </IconButton>
    </Tooltip>
  );
}
