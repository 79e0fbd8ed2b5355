extension ServerURL {
    /// The invite link of an encrypted room on this server: the page's address (`http(s)://HOST/`,
    /// from `ws(s)://HOST/…`) with the access key (if one is used), the room and its key in the fragment,
    /// which no browser or `chat` ever sends to a server (docs/PROTOCOL.md, "Invite links").
    public func inviteLink(accessKey: String?, room: String, roomKey: String) -> String {
        let secure = self.isSecure
        let rest = self.value.dropFirst(secure ? 6 : 5)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let key = accessKey.map { "key=\($0)&" } ?? ""
        return (secure ? "https://" : "http://") + authority + "/#" + key + "room=\(room)&roomkey=\(roomKey)"
    }
}
