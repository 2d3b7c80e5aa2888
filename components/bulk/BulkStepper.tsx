// The wizard's five steps, shown on every bulk page so a person knows where they are. The stepper is an
// ordered list (ol/li) with no role of its own, or its steps are list items outside a list (axe
// listitem); the group around it carries the name.
import Box from "@mui/material/Box";
import Step from "@mui/material/Step";
import StepLabel from "@mui/material/StepLabel";
import Stepper from "@mui/material/Stepper";

export const BULK_STEPS = ["Select tenants", "Options", "Preview", "Run", "Summary"] as const;

/** `active` is the index into BULK_STEPS; past steps show as completed. */
export function BulkStepper({ active }: { active: number }) {
  return (
    <Box role="group" aria-label="Bulk fix steps">
      <Stepper activeStep={active} alternativeLabel sx={{ py: 1 }}>
        {BULK_STEPS.map((label, i) => (
          <Step key={label} completed={i < active}>
            <StepLabel aria-current={i === active ? "step" : undefined}>{label}</StepLabel>
          </Step>
        ))}
      </Stepper>
    </Box>
  );
}
