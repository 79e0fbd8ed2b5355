import Foundation

extension GatewayOptions {
    /// Where `make install` puts the GUI, relative to the folder of the installed `chat-gateway`:
    /// `PREFIX/bin/chat-gateway` serves `PREFIX/share/private-chat/web`.
    static let installedWebRoot = "../share/private-chat/web"

    /// The web root when neither `--web-root` nor `CHAT_WEB_ROOT` names one: the installed GUI beside this
    /// executable, else a checkout's `web/dist` in the working directory, else none.
    ///
    /// The installed GUI comes first so that an installed gateway serves the GUI it was installed with,
    /// wherever it is started; a build in `.build/` has no `share/` beside it and finds the checkout's.
    static func defaultWebRoot(executable: String? = Bundle.main.executablePath) -> String? {
        if let executable {
            let installed = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent(Self.installedWebRoot).standardizedFileURL.path
            if GatewayConfiguration.isDirectory(installed) { return installed }
        }
        return GatewayConfiguration.isDirectory(Self.builtWebRoot) ? Self.builtWebRoot : nil
    }
}
