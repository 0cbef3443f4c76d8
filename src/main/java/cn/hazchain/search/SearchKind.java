package cn.hazchain.search;

/** What can be searched and exported, with the route segment and the export's sheet name. */
public enum SearchKind {
    CONTAINERS("containers", "容器 Containers", new ContainerSearch()),
    MANIFESTS("manifests", "联单 Manifests", new ManifestSearch()),
    TRANSFERS("transfers", "转移联单 Transfers", new TransferSearch());

    private final String path;
    private final String sheetName;
    private final SearchSpec spec;

    SearchKind(String path, String sheetName, SearchSpec spec) {
        this.path = path;
        this.sheetName = sheetName;
        this.spec = spec;
    }

    public String path() {
        return path;
    }

    public String sheetName() {
        return sheetName;
    }

    SearchSpec spec() {
        return spec;
    }
}
