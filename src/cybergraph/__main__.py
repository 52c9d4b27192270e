from cybergraph.cli import main

raise SystemExit(main())
