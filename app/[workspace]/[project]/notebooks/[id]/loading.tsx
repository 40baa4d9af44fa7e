import { Skeleton } from "@/app/_components/ui/skeleton";

export default function Loading() {
  return (
    <div className="mx-auto max-w-4xl space-y-6" aria-busy>
      <Skeleton className="h-4 w-56" />
      <div className="flex justify-between border-b pb-3">
        <Skeleton className="h-5 w-24" />
        <Skeleton className="size-7 rounded-full" />
      </div>
      <Skeleton className="h-10 w-2/3" />
      <div className="space-y-3">
        <Skeleton className="h-5 w-full" />
        <Skeleton className="h-5 w-5/6" />
        <Skeleton className="h-5 w-4/6" />
      </div>
    </div>
  );
}
