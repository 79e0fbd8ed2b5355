import { createRoot } from 'react-dom/client';

import { adoptInvite } from './protocol/inviteLink.js';
import { applyTheme, watchSystemTheme } from './shell/pageTheme.js';
import { registerServiceWorker } from './shell/serviceWorker.js';
import { loadThemeChoice } from './shell/themeChoice.js';
import { App } from './ui/App.jsx';
import './styles.css';
import './conversation.css';
import './markup.css';
import './files.css';
import './shell.css';

// First of all, so an invite link's keys leave the address bar before anything else can see them.
const invite = adoptInvite();
// Before the first render, so the page never flashes in the other theme.
applyTheme(loadThemeChoice());
watchSystemTheme(() => applyTheme(loadThemeChoice()));
createRoot(document.getElementById('root')).render(<App invite={invite} />);
registerServiceWorker();
