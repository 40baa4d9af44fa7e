import { CircleAlertIcon } from "lucide-react";
import { Alert, AlertDescription } from "@/app/_components/ui/alert";

/** The API's message for a failed submit, announced to screen readers. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert variant="destructive" aria-live="polite">
      <CircleAlertIcon />
      <AlertDescription>{message}</AlertDescription>
    </Alert>
  );
}
