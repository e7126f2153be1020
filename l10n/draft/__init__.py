"""Machine drafting of translations: engine registry and orchestration (OpenCC for zh-Hans, Argos for en)."""
