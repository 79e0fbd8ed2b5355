import { useRef, useState } from 'react';

import { filesOf } from './fileCommands.js';

const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');

/**
 * Files dropped onto the conversation are shared (`onFiles`); while some are dragged over it,
 * `dropping` is true, for a hint. Returns {dropping, handlers} (spread onto the drop area).
 */
export function useFileDrop(onFiles) {
  const [dropping, setDropping] = useState(false);
  const depth = useRef(0); // dragenter and dragleave fire for every child the pointer crosses
  const handlers = {
    onDragEnter: (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      setDropping(true);
    },
    onDragOver: (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (event) => {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDropping(false);
    },
    onDrop: (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setDropping(false);
      const files = filesOf(event.dataTransfer);
      if (files.length) onFiles(files);
    },
  };
  return { dropping, handlers };
}
