"use client";

import { PrinterIcon } from "lucide-react";
import { Button } from "@/app/_components/ui/button";

/** Opens the browser's print dialog, where "Save as PDF" lives (Mod-P opens it too); never printed itself. */
export function PrintButton() {
  return (
    <Button onClick={() => window.print()} className="print:hidden" data-testid="print-button">
      <PrinterIcon />
      Print / Save as PDF
    </Button>
  );
}
