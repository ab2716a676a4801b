// quill-cursors exports its stylesheet as "quill-cursors/css" (no .css ending, so vite/client does not declare it).
declare module "quill-cursors/css";
