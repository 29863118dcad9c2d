// PinterestSandbox module.
