/* global Component */
Component({ methods: { onLoad() {} } });
