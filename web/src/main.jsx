import { createRoot } from 'react-dom/client';

import { adoptInvite } from './protocol/inviteLink.js';
import { App } from './ui/App.jsx';
import './styles.css';
import './conversation.css';
import './markup.css';

// First of all, so an invite link's keys leave the address bar before anything else can see them.
const invite = adoptInvite();
createRoot(document.getElementById('root')).render(<App invite={invite} />);
