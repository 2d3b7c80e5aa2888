"use client";
import { createTheme } from "@mui/material/styles";

// CSS variables with a class selector let the server render both schemes; the InitColorSchemeScript
// in the root layout picks one before first paint, so there is no light/dark flash.
export const theme = createTheme({
  cssVariables: { colorSchemeSelector: "class" },
  colorSchemes: {
    light: { palette: { primary: { main: "#1f5fbf" }, background: { default: "#f5f7fb" } } },
    dark: { palette: { primary: { main: "#7fb0ff" }, background: { default: "#0f141b", paper: "#161d27" } } },
  },
  typography: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
  shape: { borderRadius: 8 },
  components: {
    MuiCard: { defaultProps: { variant: "outlined" } },
  },
});
