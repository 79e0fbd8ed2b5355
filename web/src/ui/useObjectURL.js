import { useEffect, useState } from 'react';

/** A blob: URL of `blob` while the component shows it (undefined without one), revoked when it is no longer shown. */
export function useObjectURL(blob) {
  const [url, setURL] = useState(undefined);
  useEffect(() => {
    if (!blob) {
      setURL(undefined);
      return undefined;
    }
    const made = URL.createObjectURL(blob);
    setURL(made);
    return () => URL.revokeObjectURL(made);
  }, [blob]);
  return url;
}
