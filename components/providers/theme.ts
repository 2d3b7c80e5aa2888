"use client";
import { createTheme } from "@mui/material/styles";

// CSS variables with a class selector let the server render both schemes; the InitColorSchemeScript
// in the root layout picks one before first paint, so there is no light/dark flash.
export const theme = createTheme({
  cssVariables: { colorSchemeSelector: "class" },
  colorSchemes: {
    // MUI's default warning (#ed6c02) and info (#0288d1) carry white text at 3.1:1 and 3.9:1; these darker
    // shades reach WCAG AA's 4.5:1 with white (filled chips) and on the page (outlined chips, text).
    light: {
      palette: {
        primary: { main: "#1f5fbf" },
        warning: { main: "#b45309" },
        info: { main: "#0267a8" },
        // Unselected toggle buttons and icons use action.active: MUI's 0.54 black reads 4.49:1 on our page background.
        action: { active: "rgba(0, 0, 0, 0.6)" },
        background: { default: "#f5f7fb" },
      },
    },
    // In dark mode error.main (#f44336) is light enough that dark text reads better than white (5.7:1 against 3.7:1).
    dark: {
      palette: {
        primary: { main: "#7fb0ff" },
        error: { main: "#f44336", contrastText: "rgba(0, 0, 0, 0.87)" },
        background: { default: "#0f141b", paper: "#161d27" },
      },
    },
  },
  typography: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
  shape: { borderRadius: 8 },
  components: {
    MuiCard: { defaultProps: { variant: "outlined" } },
  },
});
