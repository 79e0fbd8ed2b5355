import { createRoot } from 'react-dom/client';

import { adoptInviteKey } from './protocol/accessKey.js';
import { App } from './ui/App.jsx';
import './styles.css';

// First of all, so an invite link's key leaves the address bar before anything else can see it.
adoptInviteKey();
createRoot(document.getElementById('root')).render(<App />);
