// Step 2: what the bulk fix may change. One fix exists; the switches widen which policies it plans.
import Alert from "@mui/material/Alert";
import FormControl from "@mui/material/FormControl";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormHelperText from "@mui/material/FormHelperText";
import FormLabel from "@mui/material/FormLabel";
import Radio from "@mui/material/Radio";
import RadioGroup from "@mui/material/RadioGroup";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import type { BulkOptions } from "@/lib/bulk/options";

export const DEFAULT_BULK_OPTIONS: BulkOptions = { fix: "exclude-service-provider", includeDisabledAndReportOnly: false, includeNeedsReview: false };

export function BulkOptionsStep({ options, onChange }: { options: BulkOptions; onChange: (next: BulkOptions) => void }) {
  return (
    <Stack spacing={3} sx={{ maxWidth: 760 }}>
      <FormControl>
        <FormLabel id="bulk-fix-label">Fix</FormLabel>
        <RadioGroup aria-labelledby="bulk-fix-label" value={options.fix}>
          <FormControlLabel
            value="exclude-service-provider"
            control={<Radio />}
            label="Exclude the MSP's service-provider users from the policies that would block them"
          />
        </RadioGroup>
        <FormHelperText>
          The exclusion is limited to the MSP&apos;s own tenant and merged into each policy&apos;s existing exclusions. The partner-tenant steps (the automation
          account&apos;s own exclusion and policy) are not part of a bulk fix; they live on the Partner tenant page.
        </FormHelperText>
      </FormControl>
      <FormControl>
        <FormControlLabel
          control={
            <Switch checked={options.includeDisabledAndReportOnly} onChange={(e) => onChange({ ...options, includeDisabledAndReportOnly: e.target.checked })} />
          }
          label="Include disabled and report-only policies"
        />
        <FormHelperText>
          Off: only policies that are on are changed. On: disabled and report-only policies get the exclusion too, so turning them on later does not lock the
          MSP out.
        </FormHelperText>
      </FormControl>
      <FormControl>
        <FormControlLabel
          control={<Switch checked={options.includeNeedsReview} onChange={(e) => onChange({ ...options, includeNeedsReview: e.target.checked })} />}
          label="Include policies that need review"
        />
        <FormHelperText>
          Off: policies the engine cannot judge safely are left alone. On: they are offered in the preview, and each one must be ticked there, after reading its
          warnings, before it is changed.
        </FormHelperText>
      </FormControl>
      {options.includeNeedsReview ? (
        <Alert severity="info">Needs-review policies are never changed unless you tick them one by one in the preview.</Alert>
      ) : null}
    </Stack>
  );
}
